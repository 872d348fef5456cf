#pragma once
// A FIFO over a power-of-two ring that grows by doubling and never shrinks: after warm-up the
// NoC's queues (source queues, delivery queues) stop allocating, unlike std::deque which frees
// and reallocates blocks as it drains and refills.
#include <cstddef>
#include <utility>
#include <vector>

namespace cimsim::noc {

template <typename T>
class Ring {
 public:
  explicit Ring(std::size_t capacity = 8) {
    std::size_t c = 1;
    while (c < capacity) c <<= 1;
    m_data.resize(c);
  }
  bool empty() const { return m_size == 0; }
  std::size_t size() const { return m_size; }
  T& front() { return m_data[m_head]; }
  const T& front() const { return m_data[m_head]; }
  // i-th element from the front (0 = front).
  const T& at(std::size_t i) const { return m_data[(m_head + i) & (m_data.size() - 1)]; }
  void push_back(const T& v) {
    if (m_size == m_data.size()) grow();
    m_data[(m_head + m_size) & (m_data.size() - 1)] = v;
    ++m_size;
  }
  void pop_front() {
    m_head = (m_head + 1) & (m_data.size() - 1);
    --m_size;
  }
  void clear() {
    m_head = 0;
    m_size = 0;
  }

 private:
  void grow() {
    std::vector<T> bigger(m_data.size() * 2);
    for (std::size_t i = 0; i < m_size; ++i)
      bigger[i] = std::move(m_data[(m_head + i) & (m_data.size() - 1)]);
    m_data.swap(bigger);
    m_head = 0;
  }
  std::vector<T> m_data;
  std::size_t m_head = 0;
  std::size_t m_size = 0;
};

}  // namespace cimsim::noc
